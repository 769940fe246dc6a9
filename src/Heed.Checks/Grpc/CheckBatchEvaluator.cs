using System.Text.Unicode;
using Google.Protobuf.Collections;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Checks.Grpc;

/// <summary>
/// The hot loop of <c>CheckStream</c>: slices newline-terminated UTF-8 subjects, decodes each into a stack
/// buffer, and checks it against an already resolved purpose. No allocation per check.
/// </summary>
internal static class CheckBatchEvaluator
{
    /// <summary>How many subjects <paramref name="subjects"/> holds: one per '\n', plus an unterminated tail.</summary>
    public static int Count(ReadOnlySpan<byte> subjects)
    {
        int count = subjects.Count((byte)'\n');
        return subjects.IsEmpty || subjects[^1] == (byte)'\n' ? count : count + 1;
    }

    /// <summary>Writes the reason of check i into <paramref name="reasons"/>[i], and for an override decision its id
    /// into <paramref name="overrideIds"/>[i].</summary>
    /// <param name="state">The copy to answer from.</param>
    /// <param name="subjects">UTF-8 subjects, each followed by '\n'.</param>
    /// <param name="purposes">Resolved purposes; null for names the taxonomy does not know.</param>
    /// <param name="purposeIndex">For each check, an index into <paramref name="purposes"/>.</param>
    /// <param name="reasons">One byte per check.</param>
    /// <param name="overrideIds">Check index → override id, for the checks an override allowed.</param>
    public static void Evaluate(ReplicaState state, ReadOnlySpan<byte> subjects, ReadOnlySpan<Purpose?> purposes, ReadOnlySpan<byte> purposeIndex, Span<byte> reasons, MapField<uint, string> overrideIds)
    {
        Span<char> chars = stackalloc char[SubjectParser.MaxInputLength];
        int i = 0;
        while (!subjects.IsEmpty)
        {
            int newline = subjects.IndexOf((byte)'\n');
            ReadOnlySpan<byte> subject = newline < 0 ? subjects : subjects[..newline];
            subjects = newline < 0 ? default : subjects[(newline + 1)..];
            int index = purposeIndex[i];
            Decision decision = CheckOne(state, subject, index < purposes.Length ? purposes[index] : null, chars);
            reasons[i] = (byte)decision.Reason;
            if (decision.OverrideId is { } id)
            {
                overrideIds[(uint)i] = id;
            }

            i++;
        }
    }

    private static Decision CheckOne(ReplicaState state, ReadOnlySpan<byte> utf8, Purpose? purpose, Span<char> chars)
    {
        // Same order as ReplicaState.Check: an invalid subject first, then an unknown purpose, then the
        // lease (inside Check), so both paths answer alike.
        if (Utf8.ToUtf16(utf8, chars, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done
            || SubjectHash.TryHash(chars[..written], out ulong key) != SubjectError.None)
        {
            return new Decision(DecisionReason.InvalidSubject, 0);
        }

        return purpose is null ? new Decision(DecisionReason.UnknownPurpose, 0) : state.Check(key, purpose);
    }
}
