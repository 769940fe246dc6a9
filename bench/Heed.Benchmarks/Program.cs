using BenchmarkDotNet.Running;
using Heed.Benchmarks.Check;
using Heed.Benchmarks.Replication;

if (args.Length > 0 && args[0] == "memory")
{
    return MemoryReport.Run(args);
}

if (args.Length > 0 && args[0] == "enforce")
{
    return await EnforceLatency.RunAsync(args);
}

if (args.Length > 0 && args[0] == "bootstrap")
{
    return await BootstrapTime.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
