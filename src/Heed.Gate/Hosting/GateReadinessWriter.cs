using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heed.Gate.Hosting;

/// <summary>
/// Writes <c>/readyz</c> as text that says why the gate is not ready (e.g. "no valid lease: … is not a
/// Heed registry"), not just "Unhealthy", so an operator reading a probe failure sees the cause.
/// </summary>
internal static class GateReadinessWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        IEnumerable<string> lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return context.Response.WriteAsync(report.Status + "\n" + string.Join("\n", lines) + "\n");
    }
}
