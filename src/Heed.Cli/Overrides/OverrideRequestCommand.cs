using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Overrides;

namespace Heed.Cli.Overrides;

/// <summary>
/// <c>heed override request (--service S | --enforcement-point ID) --purpose P… [--subject S…] --ttl 30m --reason R
/// [--report-only]</c>: asks for an override. It does nothing until a different admin approves it.
/// </summary>
public static class OverrideRequestCommand
{
    public static Command Create()
    {
        var service = new Option<string?>("--service") { Description = "Scope: every enforcement point of this service", HelpName = "SERVICE" };
        var point = new Option<string?>("--enforcement-point") { Description = "Scope: one enforcement point, by the id 'GET /v1/enforcement-points' shows", HelpName = "ID" };
        var purposes = new Option<string[]>("--purpose") { Description = "A purpose it covers, with everything below it; repeat for more (report-only: default all)", HelpName = "PURPOSE", AllowMultipleArgumentsPerToken = true };
        var subjects = new Option<string[]>("--subject") { Description = "Only these subjects; repeat for more (default: every subject)", HelpName = "SUBJECT", AllowMultipleArgumentsPerToken = true };
        var ttl = new Option<string>("--ttl") { Description = "How long it runs once approved, e.g. 30m, 2h, 1h30m (at most the registry's maximum, 4h by default)", Required = true, HelpName = "DURATION" };
        var reason = new Option<string>("--reason") { Description = "Why: the incident or ticket a reviewer can follow", Required = true, HelpName = "TEXT" };
        var reportOnly = new Option<bool>("--report-only") { Description = "Onboard a service in report-only mode: its enforcement points allow and report what they would deny" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("request", "Request an override; a different admin must approve it") { service, point, purposes, subjects, ttl, reason, reportOnly, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string? serviceName = parse.GetValue(service);
            string? pointId = parse.GetValue(point);
            if ((serviceName is null) == (pointId is null))
            {
                throw new UsageException("give exactly one scope: --service SERVICE or --enforcement-point ID");
            }

            string[] subjectList = parse.GetValue(subjects) ?? [];
            var body = new OverrideRequestBody(
                serviceName,
                pointId,
                [.. parse.GetValue(purposes) ?? []],
                subjectList.Length == 0 ? null : [.. subjectList],
                Ttl(parse.GetValue(ttl)!),
                parse.GetValue(reason),
                parse.GetValue(reportOnly));
            OverrideWriteResponse created = await client.SendAsync(
                HttpMethod.Post, "v1/overrides", body, RegistryJsonContext.Default.OverrideRequestBody, RegistryJsonContext.Default.OverrideWriteResponse, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(created, RegistryJsonContext.Default.OverrideWriteResponse);
            }
            else
            {
                Console.WriteLine($"Requested override {created.Id} ({created.State}, LSN {created.Lsn}). It does nothing until a different admin approves it:");
                Console.WriteLine($"  heed override approve {created.Id}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The TTL as the API takes it: a number of seconds, or a duration string such as "30m".</summary>
    private static JsonElement Ttl(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                writer.WriteNumberValue(seconds);
            }
            else
            {
                writer.WriteStringValue(text);
            }
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
