"""Qt item models over what the core owns, one model per module."""
