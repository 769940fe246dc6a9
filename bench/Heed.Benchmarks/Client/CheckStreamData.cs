using System.Text;
using Google.Protobuf;
using Heed.Benchmarks.Check;
using Heed.Protocol.V1;

namespace Heed.Benchmarks.Client;

/// <summary>CheckStream batches of uniform random subjects over the synthetic records.</summary>
public static class CheckStreamData
{
    public static readonly string[] Purposes =
    [
        "marketing.communications.email",
        "analytics.reporting",
        "marketing",
        "third_party_sharing.sale",
    ];

    public static CheckBatch[] Batches(int records, int count, int size)
    {
        var batches = new CheckBatch[count];
        int[] ids = CheckData.RandomIds(records, count * size);
        for (int b = 0; b < count; b++)
        {
            var subjects = new StringBuilder(size * 14);
            byte[] index = new byte[size];
            for (int i = 0; i < size; i++)
            {
                subjects.Append(CheckData.SubjectOf(ids[(b * size) + i])).Append('\n');
                index[i] = (byte)(i & 3);
            }

            var batch = new CheckBatch
            {
                Id = (ulong)b,
                Subjects = ByteString.CopyFromUtf8(subjects.ToString()),
                PurposeIndex = ByteString.CopyFrom(index),
            };
            batch.Purposes.AddRange(Purposes);
            batches[b] = batch;
        }

        return batches;
    }
}
