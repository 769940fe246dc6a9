using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Cli.Export;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Audit;

/// <summary>
/// <c>heed audit export --subject S [--format json|csv] [--output FILE]</c>: the complete record of one subject
/// that a regulator asks for (CCPA regulations §7101): every request, when and how it came in, when it was
/// enforced everywhere, and the response. Needs an auditor or admin key.
/// </summary>
public static class AuditExportCommand
{
    /// <summary>The CSV header; one row per request, oldest first. The last four columns are the entry's inclusion
    /// proof in the tree of the record's checkpoint (<c>inclusionProof</c>: base64 hashes separated by spaces).</summary>
    public const string CsvHeader = "subject,lsn,request,purpose,receivedAt,source,jurisdiction,evidence,enforcedAt,response,treeSize,leafIndex,leaf,inclusionProof";

    private const string Json = "json";
    private const string Csv = "csv";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var subject = new Option<string>("--subject") { Description = "The subject, kind:value, e.g. email:alice@example.com", Required = true, HelpName = "SUBJECT" };
        var format = new Option<string>("--format") { Description = "json (the whole record) or csv (one row per request)", DefaultValueFactory = _ => Json };
        format.AcceptOnlyFromAmong(Json, Csv);
        var output = new Option<string?>("--output") { Description = "Write to FILE instead of stdout", HelpName = "FILE" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Also write the signed checkpoint the proofs lead to (default with --format csv --output FILE: FILE.checkpoint)", HelpName = "FILE" };
        var command = new Command("export", "Export a subject's complete record: requests, how they came in, when they were enforced, the response, each with its inclusion proof") { subject, format, output, checkpoint };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string path = $"v1/audit/subjects/{Uri.EscapeDataString(parse.GetValue(subject)!)}";
            SubjectRecordResponse record = await client.GetAsync(path, RegistryJsonContext.Default.SubjectRecordResponse, cancellationToken);
            bool csv = parse.GetValue(format) == Csv;
            string text = csv ? ToCsv(record) : ToJson(record);
            string? file = parse.GetValue(output);
            string? checkpointFile = parse.GetValue(checkpoint) ?? (csv && file is not null ? file + ".checkpoint" : null);
            if (checkpointFile is not null)
            {
                await WriteAsync(checkpointFile, record.Checkpoint, cancellationToken);
            }

            if (file is null)
            {
                await Console.Out.WriteAsync(text);
                return ExitCodes.Ok;
            }

            await WriteAsync(file, text, cancellationToken);
            string signed = checkpointFile is null ? string.Empty : $", the checkpoint its proofs lead to in {checkpointFile}";
            await Console.Out.WriteLineAsync($"Exported the record of {record.Subject} ({record.Requests.Count} requests) to {file}{signed}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string ToJson(SubjectRecordResponse record)
    {
        using JsonDocument document = JsonDocument.Parse(JsonSerializer.Serialize(record, RegistryJsonContext.Default.SubjectRecordResponse));
        return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    internal static string ToCsv(SubjectRecordResponse record)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        writer.WriteLine(CsvHeader);
        foreach (RequestRecord request in record.Requests)
        {
            string?[] fields =
            [
                record.Subject,
                request.Lsn.ToString(CultureInfo.InvariantCulture),
                request.Request,
                request.Purpose,
                Time(request.ReceivedAt),
                request.Source,
                request.Jurisdiction,
                request.Evidence,
                request.EnforcedAt is { } at ? Time(at) : null,
                request.Response,
                request.Proof?.TreeSize.ToString(CultureInfo.InvariantCulture),
                request.Proof?.LeafIndex.ToString(CultureInfo.InvariantCulture),
                request.Proof?.Leaf,
                request.Proof is { } proof ? string.Join(' ', proof.Hashes) : null,
            ];
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                CsvText.WriteField(writer, fields[i]);
            }

            writer.WriteLine();
        }

        return writer.ToString();
    }

    /// <summary>Written whole under a temporary name, then renamed: a partial file never looks finished.</summary>
    private static async Task WriteAsync(string file, string text, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(file + ".partial", text, Utf8, cancellationToken);
            File.Move(file + ".partial", file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {file}: {ex.Message}");
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
