"""The Qt-free core of Readmark: everything the window and the CLI both stand on."""
