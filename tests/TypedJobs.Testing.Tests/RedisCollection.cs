namespace TypedJobs.Testing.Tests;

/// <summary>
/// The Redis test collection of this assembly. xunit looks for collection definitions only in the
/// test assembly itself, so every test assembly that uses RedisFixture declares this one class.
/// </summary>
[CollectionDefinition(RedisFixture.CollectionName)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>;
