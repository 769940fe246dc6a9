namespace Heed.Cli.Import;

/// <summary>What an upload wrote.</summary>
/// <param name="Rows">Rows the registry acknowledged as written.</param>
/// <param name="Chunks">Batches written.</param>
/// <param name="LastLsn">The highest LSN among the batches: a consistency token covering the whole import.</param>
/// <param name="NotEnforcedChunks">Batches answered with <c>enforced: false</c> (durable, acknowledgement still pending).</param>
/// <param name="Elapsed">Time spent writing.</param>
/// <param name="Unchanged">Rows written that changed nothing: the subject had already opted out of that purpose.</param>
public sealed record UploadResult(long Rows, int Chunks, long LastLsn, int NotEnforcedChunks, TimeSpan Elapsed, long Unchanged = 0);
