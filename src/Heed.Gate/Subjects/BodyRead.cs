namespace Heed.Gate.Subjects;

/// <summary>The outcome of reading a request body under a limit.</summary>
public readonly record struct BodyRead(bool TooLarge, ReadOnlyMemory<byte> Bytes);
