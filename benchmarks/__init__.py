"""The dashboard's benchmarks: one module per benchmark, run by `benchmarks.run` (`make
bench`); see benchmarks/README.md. They import `dashboard` and `deploy`, never the reverse."""
