"""ContextCapture client."""
