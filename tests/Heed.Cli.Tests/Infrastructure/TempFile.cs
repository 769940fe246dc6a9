using System.Text;

namespace Heed.Cli.Tests.Infrastructure;

/// <summary>A file in the temp directory, deleted on dispose.</summary>
public sealed class TempFile : IDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    public static TempFile Empty(string extension = ".csv") =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "heed-cli-" + Guid.NewGuid().ToString("N") + extension));

    /// <summary>Writes <paramref name="text"/> as UTF-8 exactly as given (line endings included), optionally with a BOM.</summary>
    public static TempFile WithText(string text, bool bom = false)
    {
        TempFile file = Empty();
        File.WriteAllText(file.Path, text, new UTF8Encoding(bom));
        return file;
    }

    public void Dispose() => File.Delete(Path);
}
