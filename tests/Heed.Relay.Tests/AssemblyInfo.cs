using Heed.Relay.Tests.Infrastructure;

// The broker tests push thousands of messages through one broker on two cores; running them one at a
// time keeps each test's timing its own.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
[assembly: AssemblyFixture(typeof(SharedBroker))]
