# docker build -f deploy/docker/silo.Dockerfile -t jointpunishment/silo:latest .   (context: see /.dockerignore)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER app
EXPOSE 11111 30000 9464
ENTRYPOINT ["dotnet", "JointPunishment.Silo.dll"]
