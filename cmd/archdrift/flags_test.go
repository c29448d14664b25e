package main

import "flag"

var updateScripts = flag.Bool("update-scripts", false, "rewrite testscript files' golden sections from actual output")
