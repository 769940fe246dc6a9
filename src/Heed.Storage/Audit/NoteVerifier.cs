using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Heed.Storage.Audit;

/// <summary>
/// Checks C2SP signed notes against one Ed25519 verifier key (<c>name+hexid+base64(0x01 ‖ public key)</c>).
/// Signature lines of other keys are ignored; a line that claims this key (its name and id) but does not
/// verify fails the note, as does a note without a good signature of this key.
/// </summary>
public sealed class NoteVerifier
{
    // As golang.org/x/mod/sumdb/note: more signatures than this is not a note but an attack on the verifier.
    private const int MaxSignatures = 100;
    private readonly PublicKey _publicKey;

    private NoteVerifier(string name, uint keyId, PublicKey publicKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>Reads a verifier key.</summary>
    /// <exception cref="FormatException">It is not one, or its id does not match its name and key.</exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        string[] parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3 || !NoteKey.TryParse(parts, 0, out string name, out uint id, out byte[] key))
        {
            throw new FormatException("not a verifier key: expected name+hexid+base64(0x01 || 32-byte Ed25519 public key)");
        }

        if (NoteKey.Id(name, key) != id)
        {
            throw new FormatException($"the verifier key's id {NoteKey.Hex(id)} does not match its name and key");
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, key, KeyBlobFormat.RawPublicKey, out PublicKey? publicKey))
        {
            throw new FormatException("the verifier key is not an Ed25519 public key");
        }

        return new NoteVerifier(name, id, publicKey!);
    }

    /// <summary>Opens a signed note: true, with its text, when this key signed it.</summary>
    public bool TryOpen(string note, out string text)
    {
        ArgumentNullException.ThrowIfNull(note);
        text = string.Empty;
        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || split + 2 == note.Length || note[^1] != '\n')
        {
            return false;
        }

        string body = note[..(split + 1)];
        string[] lines = note[(split + 2)..^1].Split('\n');
        if (!NoteText.IsValid(body) || lines.Length > MaxSignatures)
        {
            return false;
        }

        byte[] message = Encoding.UTF8.GetBytes(body);
        bool verified = false;
        foreach (string line in lines)
        {
            if (!TryReadLine(line, out string name, out byte[] blob))
            {
                return false;
            }

            if (name != Name || BinaryPrimitives.ReadUInt32BigEndian(blob) != KeyId)
            {
                continue;
            }

            if (!SignatureAlgorithm.Ed25519.Verify(_publicKey, message, blob.AsSpan(4)))
            {
                return false;
            }

            verified = true;
        }

        if (verified)
        {
            text = body;
        }

        return verified;
    }

    private static bool TryReadLine(string line, out string name, out byte[] blob)
    {
        name = string.Empty;
        blob = [];
        string[] fields = line.Split(' ');
        if (fields.Length != 3 || fields[0] != NoteText.Dash || !NoteKey.IsValidName(fields[1]))
        {
            return false;
        }

        name = fields[1];
        try
        {
            blob = Convert.FromBase64String(fields[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        return blob.Length >= 5;
    }
}
