"""Qt user interface: windows, view-models and the task runner."""
