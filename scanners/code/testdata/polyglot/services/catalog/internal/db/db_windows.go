package db

import _ "github.com/mattn/go-sqlite3" // never built on linux: not a technology of the unit
