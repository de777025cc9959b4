"""Back-office pages: the queue (`queue`), one request (`request`), categories."""
