using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Heed.Testing.Schemas;

/// <summary>Records <c>heed.schema.rejections</c> measurements (of every meter in the process) by producer, so a
/// test counts its own events by giving them a source of their own.</summary>
public sealed class SchemaRejectionListener : IDisposable
{
    private readonly MeterListener _listener = new();

    public SchemaRejectionListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "heed.schema.rejections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, string>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString() ?? "";
            }

            Rejections.Add((map, value));
        });
        _listener.Start();
    }

    public ConcurrentBag<(Dictionary<string, string> Tags, long Value)> Rejections { get; } = [];

    /// <summary>The rejections of <paramref name="producer"/>, as "type/version/reason".</summary>
    public IReadOnlyList<string> Of(string producer) =>
        [.. Rejections.Where(r => r.Tags.GetValueOrDefault("producer") == producer).Select(r => $"{r.Tags["type"]}/{r.Tags["version"]}/{r.Tags["reason"]}")];

    public void Dispose() => _listener.Dispose();
}
