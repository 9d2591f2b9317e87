# docker build -f deploy/docker/gateway.Dockerfile -t jointpunishment/gateway:latest .   (context: see /.dockerignore)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
# Where the gateway listens unless JP_GATEWAY_URL says otherwise (as the base image sets it, made explicit here).
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "JointPunishment.Gateway.dll"]
