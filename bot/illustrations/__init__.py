"""Drawing the exercises: the figure (pure arithmetic) and its frames, GIFs and contact sheet."""
