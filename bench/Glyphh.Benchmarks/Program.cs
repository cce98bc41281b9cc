using BenchmarkDotNet.Running;

// Run by hand: dotnet run -c Release --project bench/Glyphh.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Benchmark entry point.</summary>
public partial class Program;
