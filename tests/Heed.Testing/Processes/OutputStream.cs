namespace Heed.Testing.Processes;

public enum OutputStream
{
    StandardOutput,
    StandardError,
}
