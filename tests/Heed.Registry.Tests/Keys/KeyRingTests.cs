using Heed.Registry.Keys;

namespace Heed.Registry.Tests.Keys;

public sealed class KeyRingTests
{
    [Fact]
    public void Authenticate_RacingRevoke_NeverYieldsTheRevokedKeyAfterwards()
    {
        // Each round starts with an empty cache, so the first Authenticate takes the slow path (look up,
        // then cache) while Revoke removes the key and clears the cache. A cache write landing after the
        // clear would keep the revoked key working for as long as the process lives.
        const int Rounds = 5_000;
        int revokedButAuthenticated = 0;
        using var start = new Barrier(2);
        var ring = new KeyRing();
        string secret = string.Empty;
        string id = string.Empty;
        int revokeDone = 0;

        var authenticator = new Thread(() =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                start.SignalAndWait();
                while (true)
                {
                    bool revokedBefore = Volatile.Read(ref revokeDone) == 1;
                    ApiKey? key = ring.Authenticate(secret);
                    if (revokedBefore && key is not null)
                    {
                        Interlocked.Increment(ref revokedButAuthenticated);
                    }

                    if (revokedBefore)
                    {
                        break;
                    }
                }

                start.SignalAndWait();
            }
        });
        authenticator.Start();

        for (int round = 0; round < Rounds; round++)
        {
            ring = new KeyRing();
            secret = KeySecrets.NewSecret();
            id = KeySecrets.NewId();
            ring.Add(new ApiKey(id, Roles.Enforcer, "race", KeySecrets.Hash(secret), DateTimeOffset.UnixEpoch, null));
            Volatile.Write(ref revokeDone, 0);
            start.SignalAndWait();
            ring.Revoke(id, DateTimeOffset.UnixEpoch);
            Volatile.Write(ref revokeDone, 1);
            start.SignalAndWait();
            ring.Authenticate(secret).ShouldBeNull($"round {round}: the revoked key authenticated from the cache");
        }

        authenticator.Join();
        revokedButAuthenticated.ShouldBe(0);
    }

    [Fact]
    public void Authenticate_RevokeBetweenLookupAndCache_RefusesNowAndAfterwards()
    {
        // Arrange: force the bad interleaving. The revoke lands after Authenticate found the key and
        // before it caches it, so the cache write comes after the revoke cleared the cache.
        var ring = new KeyRing();
        string secret = KeySecrets.NewSecret();
        string id = KeySecrets.NewId();
        ring.Add(new ApiKey(id, Roles.Enforcer, "seam", KeySecrets.Hash(secret), DateTimeOffset.UnixEpoch, null));
        int revokes = 0;
        ring.AfterLookup = () =>
        {
            if (Interlocked.Increment(ref revokes) == 1)
            {
                ring.Revoke(id, DateTimeOffset.UnixEpoch);
            }
        };

        // Act
        ApiKey? during = ring.Authenticate(secret);
        ApiKey? after = ring.Authenticate(secret);

        // Assert
        revokes.ShouldBe(1, "the seam ran inside the first Authenticate");
        during.ShouldBeNull("the revoke happened before Authenticate returned");
        after.ShouldBeNull("no cached authentication outlives a revoke");
        ring.FindById(id)!.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void WhenRevoked_ActiveKey_CancelledByRevokeAndAlreadyCancelledAfter()
    {
        // Arrange
        var ring = new KeyRing();
        ring.Add(new ApiKey("k_1", Roles.Enforcer, "stream", KeySecrets.Hash("secret"), DateTimeOffset.UnixEpoch, null));
        CancellationToken open = ring.WhenRevoked("k_1");
        bool cancelledBefore = open.IsCancellationRequested;

        // Act
        ring.Revoke("k_1", DateTimeOffset.UnixEpoch);
        bool cancelled = open.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));

        // Assert
        cancelledBefore.ShouldBeFalse();
        cancelled.ShouldBeTrue();
        ring.WhenRevoked("k_1").IsCancellationRequested.ShouldBeTrue();
        ring.WhenRevoked("k_unknown").IsCancellationRequested.ShouldBeTrue();
    }
}
