using BenchmarkDotNet.Running;
using Heed.Benchmarks.Check;
using Heed.Benchmarks.Limits;
using Heed.Benchmarks.Replication;

if (args.Length > 0 && args[0] == "memory")
{
    return MemoryReport.Run(args);
}

if (args.Length > 0 && args[0] == "enforce")
{
    return await EnforceLatency.RunAsync(args);
}

if (args.Length > 0 && args[0] == "enforce-sidecars")
{
    return await SidecarEnforceLatency.RunAsync(args);
}

if (args.Length > 0 && args[0] == "enforce-sessions")
{
    return await SessionEnforceLatency.RunAsync(args);
}

if (args.Length > 0 && args[0] == "bootstrap")
{
    return await BootstrapTime.RunAsync(args);
}

if (args.Length > 0 && args[0] == "dram")
{
    return DramLatency.Run(args);
}

if (args.Length > 0 && args[0] == "audit-store")
{
    return await Heed.Benchmarks.Audit.AuditStoreBuilder.RunAsync(args);
}

if (args.Length > 0 && args[0] == "fsync")
{
    return FsyncRate.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
