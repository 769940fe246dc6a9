namespace Heed.Client.Checks;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>, the same shape as the registry's.</summary>
internal sealed record HealthResponse(string Status, long Lsn, string? Detail = null);
