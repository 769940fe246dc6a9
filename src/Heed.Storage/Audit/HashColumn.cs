namespace Heed.Storage.Audit;

/// <summary>
/// A growable run of 32-byte hashes in one array: a million leaves cost 32 MB rather than a million
/// small arrays and their headers.
/// </summary>
internal sealed class HashColumn
{
    private byte[] _bytes = new byte[MerkleHash.Size * 16];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index] => _bytes.AsSpan(checked((int)(index * MerkleHash.Size)), MerkleHash.Size);

    public void Add(ReadOnlySpan<byte> hash)
    {
        long end = (Count + 1) * MerkleHash.Size;
        if (end > _bytes.Length)
        {
            Array.Resize(ref _bytes, checked((int)Math.Min(Array.MaxLength, Math.Max(end, _bytes.LongLength * 2))));
        }

        hash.CopyTo(_bytes.AsSpan(checked((int)(Count * MerkleHash.Size))));
        Count++;
    }
}
