using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The purposes table, kept in step with <c>purpose.add</c> and <c>purpose.deprecate</c> inside the append's
/// transaction. The store is the last word on the rules a lie in the ledger would break: a purpose is added
/// once, and only a known node that can be opted out of is deprecated, once, to a successor that is one too.
/// </summary>
internal sealed class SqlitePurposeCommands : IDisposable
{
    // The node itself or any added purpose below it (its parent nodes were created with it): the range trick of
    // the opt-out clear, "p.x..." sorts between "p." and "p/".
    private readonly SqliteStatement _known;
    private readonly SqliteStatement _deprecated;
    private readonly SqliteStatement _add;
    private readonly SqliteStatement _deprecate;

    public SqlitePurposeCommands(SqliteConnection connection)
    {
        _known = new SqliteStatement(
            connection,
            "SELECT 1 FROM purposes WHERE add_lsn IS NOT NULL AND (name = ?1 OR (name >= ?1 || '.' AND name < ?1 || '/')) LIMIT 1;");
        _deprecated = new SqliteStatement(connection, "SELECT 1 FROM purposes WHERE name = ?1 AND deprecate_lsn IS NOT NULL;");
        _add = new SqliteStatement(connection, "INSERT INTO purposes(name, add_lsn, added_ms, added_by) VALUES(?1, ?2, ?3, ?4);");
        _deprecate = new SqliteStatement(
            connection,
            """
            INSERT INTO purposes(name, deprecate_lsn, deprecated_ms, deprecated_by, successor) VALUES(?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(name) DO UPDATE SET deprecate_lsn = excluded.deprecate_lsn, deprecated_ms = excluded.deprecated_ms,
                deprecated_by = excluded.deprecated_by, successor = excluded.successor;
            """);
    }

    /// <summary>Applies one purpose entry; false for any other kind.</summary>
    /// <exception cref="FormatException">The body cannot be applied, or the entry breaks a rule of the taxonomy.</exception>
    public bool Apply(NewEntry entry, long lsn, long atMs)
    {
        switch (entry.Kind)
        {
            case EntryKinds.PurposeAdd:
                string added = Name(entry);
                if (added == PurposeNames.All || IsKnown(added))
                {
                    throw new FormatException($"purpose \"{added}\" already exists");
                }

                _add.Bind(1, added);
                _add.Bind(2, lsn);
                _add.Bind(3, atMs);
                _add.Bind(4, EntryBody.GetString(entry.Body, "addedBy"));
                _add.Execute();
                return true;
            case EntryKinds.PurposeDeprecate:
                string name = Name(entry);
                string? successor = EntryBody.GetString(entry.Body, "successor");
                RequireLive(name, "deprecate");
                if (successor is not null)
                {
                    RequireLive(successor, "name as a successor");
                    if (successor == name)
                    {
                        throw new FormatException($"purpose \"{name}\" cannot succeed itself");
                    }
                }

                _deprecate.Bind(1, name);
                _deprecate.Bind(2, lsn);
                _deprecate.Bind(3, atMs);
                _deprecate.Bind(4, EntryBody.GetString(entry.Body, "deprecatedBy"));
                _deprecate.Bind(5, successor);
                _deprecate.Execute();
                return true;
            default:
                return false;
        }
    }

    public void Dispose()
    {
        _known.Dispose();
        _deprecated.Dispose();
        _add.Dispose();
        _deprecate.Dispose();
    }

    private static string Name(NewEntry entry)
    {
        string name = EntryBody.GetRequiredString(entry.Body, "name");
        if (!PurposeNames.IsValid(name) || entry.Purpose != name)
        {
            throw new FormatException($"\"{name}\" is not a valid purpose name, or not the entry's purpose");
        }

        return name;
    }

    private static bool IsBuiltIn(string name)
    {
        foreach (string leaf in DefaultTaxonomy.Leaves)
        {
            if (leaf == name || (leaf.StartsWith(name, StringComparison.Ordinal) && leaf[name.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEssential(string name) =>
        name == PurposeNames.Essential || name.StartsWith(PurposeNames.Essential + ".", StringComparison.Ordinal);

    private bool IsKnown(string name)
    {
        if (IsBuiltIn(name))
        {
            return true;
        }

        _known.Bind(1, name);
        return _known.HasRow();
    }

    private void RequireLive(string name, string what)
    {
        if (!PurposeNames.IsValid(name) || name == PurposeNames.All || IsEssential(name) || !IsKnown(name))
        {
            throw new FormatException($"there is no purpose \"{name}\" to {what} (the root and essential purposes cannot be)");
        }

        _deprecated.Bind(1, name);
        if (_deprecated.HasRow())
        {
            throw new FormatException($"purpose \"{name}\" is deprecated already");
        }
    }
}
