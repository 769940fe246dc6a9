using Heed.Storage.Audit;

namespace Heed.Registry.Audit;

/// <summary>A checkpoint and its signed note (the checkpoint text, a blank line, the signature line).</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note);
