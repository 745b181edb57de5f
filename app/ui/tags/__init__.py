"""The tag library dock: the tag tree, codebook entries, tagged highlights, co-occurrence."""
