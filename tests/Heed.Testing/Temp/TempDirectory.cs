namespace Heed.Testing.Temp;

/// <summary>A directory under the system temp folder that is deleted, with everything in it, on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string fullPath) => FullPath = fullPath;

    public string FullPath { get; }

    /// <summary>Creates a new, empty directory (mode 0700) whose name starts with <paramref name="prefix"/>.</summary>
    public static TempDirectory Create(string prefix = "heed-test-") =>
        new(Directory.CreateTempSubdirectory(prefix).FullName);

    public string Combine(string relativePath) => Path.Combine(FullPath, relativePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: a test may delete it to simulate a lost disk.
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; a leftover temp dir is harmless,
            // and failing the test run over it would hide the test's real outcome.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public override string ToString() => FullPath;
}
