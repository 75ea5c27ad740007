"""The Textual setup wizard (imported only by ``wa-wizard`` / ``wa-wizard setup``)."""
