using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Heed.Cli.Commands;

namespace Heed.Cli.Export;

/// <summary>
/// <c>heed export [--format csv|jsonl] [--output FILE]</c>: every current opt-out, streamed. A file is written
/// under a temporary name and renamed when complete, so a broken download never looks like a finished one.
/// </summary>
public static class ExportCommand
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv (subject,purpose,since,lsn,source) or jsonl", DefaultValueFactory = _ => ExportFormat.Csv };
        format.AcceptOnlyFromAmong(ExportFormat.Csv, ExportFormat.JsonLines);
        var output = new Option<string?>("--output") { Description = "Write to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("export", "Write every current opt-out as CSV or JSON lines") { format, output };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            long started = Stopwatch.GetTimestamp();
            string? path = parse.GetValue(output);
            string partial = path is null ? string.Empty : path + ".partial";
            long count;
            using (HttpResponseMessage response = await client.OpenAsync("v1/optouts/export", cancellationToken))
            {
                Stream destination;
                try
                {
                    destination = path is null ? Console.OpenStandardOutput() : new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"cannot write {path}: {ex.Message}");
                }

                try
                {
                    await using (destination)
                    {
                        count = await WriteAsync(client, response, destination, parse.GetValue(format)!, cancellationToken);
                    }
                }
                catch when (path is not null)
                {
                    File.Delete(partial);
                    throw;
                }
            }

            string where = "stdout";
            if (path is not null)
            {
                File.Move(partial, path, overwrite: true);
                where = path;
            }

            // The summary never goes to stdout when stdout carries the data.
            TextWriter summary = path is null ? Console.Error : Console.Out;
            await summary.WriteLineAsync($"Exported {count:N0} opt-outs to {where} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} s.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<long> WriteAsync(RegistryClient client, HttpResponseMessage response, Stream destination, string format, CancellationToken cancellationToken)
    {
        try
        {
            await using Stream source = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (format == ExportFormat.JsonLines)
            {
                return await ExportWriter.CopyJsonLinesAsync(source, destination, cancellationToken);
            }

            await using var writer = new StreamWriter(destination, Utf8, 64 * 1024, leaveOpen: true);
            return await ExportWriter.WriteCsvAsync(source, writer, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryException.Broken(client.Registry, "during the export; the output is incomplete", ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw RegistryException.Broken(client.Registry, "during the export; the output is incomplete", ex);
        }
        catch (JsonException ex)
        {
            throw RegistryException.Unexpected($"the export stream holds a line that is not an opt-out: {ex.Message}", ex);
        }
    }
}
