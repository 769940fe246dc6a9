using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// Sequential opt-out writes over HTTP, each timed from sending the PUT until its answer. The registry
/// answers <c>enforced: true</c> only once every replica holding a lease has applied the write, so the
/// answer is the moment the opt-out is enforced everywhere; <c>verify</c> (outside the timing) may ask
/// the enforcement points themselves afterwards.
/// </summary>
internal sealed class WriteLatency
{
    private const int WarmUp = 200;

    private readonly LongHistogram _histogram = new(TimeStamp.Seconds(10), 3);

    public int NotEnforced { get; private set; }

    public int NotVerified { get; private set; }

    public long LastLsn { get; private set; }

    /// <summary>The writes timed; fewer than asked when the time limit ran out first.</summary>
    public int Timed { get; private set; }

    /// <summary>A subject for write <paramref name="i"/>, opted out of <see cref="Purpose"/>.</summary>
    public static string Subject(int i) => $"user:lat-{i}";

    public const string Purpose = "marketing";

    public static HttpClient Client(string registry, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(registry) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// Runs <paramref name="writes"/> timed writes after a warm-up, or as many as start within
    /// <paramref name="limit"/> of the first (warm-up included).
    /// </summary>
    public async Task RunAsync(HttpClient client, int writes, Func<string, Task<bool>>? verify = null, int warmUp = WarmUp, TimeSpan? limit = null)
    {
        long began = Stopwatch.GetTimestamp();
        for (int i = -warmUp; i < writes; i++)
        {
            if (limit is { } most && Stopwatch.GetElapsedTime(began) > most)
            {
                break;
            }

            string subject = Subject(i + warmUp);
            long start = Stopwatch.GetTimestamp();
            using HttpResponseMessage response = await client.PutAsync($"/v1/subjects/{subject}/optouts/{Purpose}", null);
            JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
            long elapsed = Stopwatch.GetTimestamp() - start;
            if (i < 0)
            {
                continue;
            }

            LastLsn = body.GetProperty("lsn").GetInt64();
            if (!body.GetProperty("enforced").GetBoolean())
            {
                NotEnforced++;
            }

            _histogram.RecordValue(elapsed);
            Timed++;
            if (verify is not null && !await verify(subject))
            {
                NotVerified++;
            }
        }
    }

    public string Summary() => Timed == 0 ? $"no write timed (the warm-up outlasted the time limit)  not enforced {NotEnforced}" :
        $"{Timed} writes timed  p50 {Ms(50):0.000} ms  p90 {Ms(90):0.000} ms  p99 {Ms(99):0.000} ms  p99.9 {Ms(99.9):0.000} ms  max {_histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.000} ms  not enforced {NotEnforced}";

    private double Ms(double percentile) => _histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
}
