using System.Globalization;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The overrides and settings tables, kept in step with their ledger entries inside the append's
/// transaction (see <see cref="ILedgerStore.AppendAsync"/>). The store is the last word on the rules a
/// lie in the ledger would break: an approval names exactly one pending request, by LSN and chain hash,
/// and gives it no more time than it asked for.
/// </summary>
internal sealed class SqliteOverrideCommands : IDisposable
{
    private readonly SqliteStatement _request;
    private readonly SqliteStatement _approve;
    private readonly SqliteStatement _revoke;
    private readonly SqliteStatement _setting;

    public SqliteOverrideCommands(SqliteConnection connection)
    {
        _request = new SqliteStatement(
            connection,
            """
            INSERT INTO overrides(id, request_lsn, request_hash, request_body, requested_ms, service, enforcement_point, ttl_seconds)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING;
            """);
        _approve = new SqliteStatement(
            connection,
            """
            UPDATE overrides SET approve_lsn = ?2, approved_by = ?3, approved_ms = ?4, ends_ms = ?5
            WHERE id = ?1 AND approve_lsn IS NULL AND revoke_lsn IS NULL AND request_lsn = ?6 AND request_hash = ?7
              AND ?5 > ?4 AND ?5 <= ?4 + ttl_seconds * 1000;
            """);
        _revoke = new SqliteStatement(
            connection,
            "UPDATE overrides SET revoke_lsn = ?2, revoked_by = ?3, revoked_ms = ?4 WHERE id = ?1 AND revoke_lsn IS NULL;");
        _setting = new SqliteStatement(
            connection,
            """
            INSERT INTO settings(name, value, lsn, set_ms, set_by) VALUES(?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(name) DO UPDATE SET value = excluded.value, lsn = excluded.lsn, set_ms = excluded.set_ms, set_by = excluded.set_by;
            """);
    }

    /// <summary>Applies one override or setting entry; false for any other kind.</summary>
    /// <exception cref="FormatException">The body cannot be applied, or the entry breaks a rule of overrides.</exception>
    public bool Apply(NewEntry entry, long lsn, long atMs, byte[] hash)
    {
        switch (entry.Kind)
        {
            case EntryKinds.OverrideRequest:
                Request(entry.Body, lsn, atMs, hash);
                return true;
            case EntryKinds.OverrideApprove:
                Approve(entry.Body, lsn, atMs);
                return true;
            case EntryKinds.OverrideRevoke:
                Revoke(entry.Body, lsn, atMs);
                return true;
            case EntryKinds.SettingSet:
                _setting.Bind(1, EntryBody.GetRequiredString(entry.Body, "name"));
                _setting.Bind(2, EntryBody.GetString(entry.Body, "value") ?? throw new FormatException("the entry body lacks the string field \"value\""));
                _setting.Bind(3, lsn);
                _setting.Bind(4, atMs);
                _setting.Bind(5, EntryBody.GetString(entry.Body, "setBy"));
                _setting.Execute();
                return true;
            default:
                return false;
        }
    }

    public void Dispose()
    {
        _request.Dispose();
        _approve.Dispose();
        _revoke.Dispose();
        _setting.Dispose();
    }

    private void Request(string body, long lsn, long atMs, byte[] hash)
    {
        string id = EntryBody.GetRequiredString(body, "id");
        long ttl = EntryBody.GetRequiredInt64(body, "ttlSeconds");
        if (ttl <= 0)
        {
            throw new FormatException($"override \"{id}\" asks for a TTL of {ttl} s");
        }

        _request.Bind(1, id);
        _request.Bind(2, lsn);
        _request.Bind(3, hash);
        _request.Bind(4, body);
        _request.Bind(5, atMs);
        _request.Bind(6, EntryBody.GetString(body, "service"));
        _request.Bind(7, EntryBody.GetString(body, "enforcementPoint"));
        _request.Bind(8, ttl);
        if (_request.Execute() == 0)
        {
            // An id names one request for good: a second request under it could be approved in its place.
            throw new FormatException($"override \"{id}\" was already requested");
        }
    }

    private void Approve(string body, long lsn, long atMs)
    {
        string id = EntryBody.GetRequiredString(body, "id");
        long requestLsn = EntryBody.GetRequiredInt64(body, "requestLsn");
        byte[] requestHash = Convert.FromHexString(EntryBody.GetRequiredString(body, "requestHash"));
        string endsAt = EntryBody.GetRequiredString(body, "endsAt");
        long endsMs = DateTimeOffset.Parse(endsAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
        _approve.Bind(1, id);
        _approve.Bind(2, lsn);
        _approve.Bind(3, EntryBody.GetString(body, "approvedBy"));
        _approve.Bind(4, atMs);
        _approve.Bind(5, endsMs);
        _approve.Bind(6, requestLsn);
        _approve.Bind(7, requestHash);
        if (_approve.Execute() == 0)
        {
            throw new FormatException(
                $"override \"{id}\" has no pending request at LSN {requestLsn} with that chain hash, or {endsAt} is not within its TTL");
        }
    }

    private void Revoke(string body, long lsn, long atMs)
    {
        string id = EntryBody.GetRequiredString(body, "id");
        _revoke.Bind(1, id);
        _revoke.Bind(2, lsn);
        _revoke.Bind(3, EntryBody.GetString(body, "revokedBy"));
        _revoke.Bind(4, atMs);
        if (_revoke.Execute() == 0)
        {
            throw new FormatException($"there is no unrevoked override \"{id}\" to revoke");
        }
    }
}
