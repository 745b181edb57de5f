"""Small parts several features share: layouts, row painting, the safe rich text, error lines."""
