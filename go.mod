module github.com/onward-recovery/onward

go 1.26
