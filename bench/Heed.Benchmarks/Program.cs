using BenchmarkDotNet.Running;
using Heed.Benchmarks.Check;

if (args.Length > 0 && args[0] == "memory")
{
    return MemoryReport.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
