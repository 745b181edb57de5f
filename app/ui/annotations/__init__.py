"""Annotating: the controller between reader, sidebar and store, its actions and undo steps."""
