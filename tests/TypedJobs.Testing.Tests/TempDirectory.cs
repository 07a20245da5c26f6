namespace TypedJobs.Testing.Tests;

/// <summary>A fresh directory that is deleted again on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Info = Directory.CreateTempSubdirectory("typedjobs-testing-tests-");

    public DirectoryInfo Info { get; }

    public string Path => Info.FullName;

    public void Dispose() => Info.Delete(recursive: true);
}
