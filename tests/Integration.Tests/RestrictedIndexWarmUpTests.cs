using System.Reflection;
using JointPunishment.Grains.Checks;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Integration.Tests;

public sealed class RestrictedIndexWarmUpTests
{
    [Fact]
    public async Task Execute_ShardsOnASiloThatDied_CompletesAndLogsTheFailure()
    {
        var capture = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture));
        var warmUp = new RestrictedIndexWarmUp(UnreachableCluster.Create<IGrainFactory>(), loggers.CreateLogger<RestrictedIndexWarmUp>());

        // Throwing here would abort the silo's start.
        await warmUp.Execute(CancellationToken.None);

        Assert.Equal(RestrictedIndex.ShardCount, UnreachableCluster.Calls);
        Assert.Contains(capture.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(nameof(SiloUnavailableException), StringComparison.Ordinal));
    }

    /// <summary>A grain factory whose grains all live on a silo that died: every call fails as Orleans fails it.</summary>
    private class UnreachableCluster : DispatchProxy
    {
        private static int _calls;

        public static int Calls => _calls;

        public static T Create<T>() => DispatchProxy.Create<T, UnreachableCluster>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var returnType = targetMethod!.ReturnType;
            if (returnType.IsInterface && typeof(IAddressable).IsAssignableFrom(returnType))
            {
                return typeof(DispatchProxy).GetMethod(nameof(DispatchProxy.Create), 2, [])!
                    .MakeGenericMethod(returnType, typeof(UnreachableCluster)).Invoke(null, null);
            }

            Interlocked.Increment(ref _calls);
            var failure = new SiloUnavailableException();
            return returnType.IsGenericType
                ? typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [failure])
                : Task.FromException(failure);
        }
    }
}
