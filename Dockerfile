# The app service of docker-compose.yml: the `lineage` command line and the Streamlit app.
FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir /app
ENV LINEAGE_HOME=/var/lib/lineage
EXPOSE 8501
CMD ["lineage", "ui", "--host", "0.0.0.0"]
