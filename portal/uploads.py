"""Upload handler that remembers each uploaded file's name as sent (already stripped of path
separators and control characters by Django), before ``UploadedFile`` cuts it to 255 characters.

Views read ``request.original_upload_names[field]`` (a list, in upload order); the file data
passes through untouched to the next handlers.
"""

from django.core.files.uploadhandler import FileUploadHandler


class OriginalNameUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, *args, **kwargs):
        names = getattr(self.request, "original_upload_names", None)
        if names is None:
            names = self.request.original_upload_names = {}
        names.setdefault(field_name, []).append(file_name)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
