"""Running the platform: the processes' heartbeats, the schedule of periodic jobs, backups."""
