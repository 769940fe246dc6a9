namespace Heed.Testing.Processes;

/// <summary>Signal numbers as Linux defines them (x86-64 and arm64 agree on these).</summary>
public enum UnixSignal
{
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
    Continue = 18,
    Stop = 19,
}
