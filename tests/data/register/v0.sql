-- A register at version 0: an SQLite file with no schema at all (user_version 0, no
-- application id), as a file made by any SQLite tool is before anything is recorded.
-- Opening it migrates it to the current schema. Frozen: never edit it.
PRAGMA user_version = 0;
