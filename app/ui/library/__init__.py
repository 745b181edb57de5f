"""The library list, its model, watcher, details and import dialogs, and its undo steps."""
