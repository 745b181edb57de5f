"""The window's dialogs: import, export, article details, keyboard shortcuts."""
