using Heed.Testing.Temp;

namespace Heed.System.Tests.Fixtures;

public sealed class TempDirectoryTests
{
    [Fact]
    public void Dispose_DirectoryWithFiles_DeletesEverything()
    {
        var directory = TempDirectory.Create();
        Directory.CreateDirectory(directory.Combine("nested"));
        File.WriteAllText(directory.Combine("nested/file.txt"), "x");

        directory.Dispose();

        Directory.Exists(directory.FullPath).ShouldBeFalse();
    }
}
