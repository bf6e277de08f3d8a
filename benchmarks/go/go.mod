module gort.dev/benchmarks/gortbench

go 1.19
