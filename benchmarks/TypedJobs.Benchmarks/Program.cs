using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*Dispatch*'; see --help.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
